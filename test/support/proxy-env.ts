// Imported first by specs of a deployment behind a proxy, before AppModule reads the environment.
process.env.TRUST_PROXY = 'true';
process.env.CORS_ORIGINS = 'https://app.example.com, https://admin.example.com';
process.env.ADMIN_ALLOWED_CIDRS = '198.51.100.0/24';
