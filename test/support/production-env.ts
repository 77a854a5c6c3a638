// Imported first by production specs, before AppModule reads the environment.
process.env.NODE_ENV = 'production';
