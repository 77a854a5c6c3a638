// Imported first by production specs, before AppModule reads the environment.
process.env.NODE_ENV = 'production';
process.env.FIRST_ADMIN_EMAIL = 'owner@example.test';
process.env.FIRST_ADMIN_PASSWORD = 'first-admin-password';
