// Imported first by the admin-network spec, before AppModule reads the environment.
process.env.ADMIN_ALLOWED_CIDRS = '10.0.0.0/8, 2001:db8::/32';
