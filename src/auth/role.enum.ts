/** Every role the service knows. `@Roles(...)` takes these; a user holds one or more. */
export enum Role {
  User = 'user',
  Admin = 'admin',
}
