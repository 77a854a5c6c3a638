export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');
export const DRIZZLE = Symbol('DRIZZLE');
