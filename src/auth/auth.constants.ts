export const IS_PUBLIC_KEY = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';
/** The name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';
export const ALLOW_UNVERIFIED_EMAIL_KEY = 'auth:allowUnverifiedEmail';
