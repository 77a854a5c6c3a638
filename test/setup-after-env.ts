import { dropTestDatabase } from './support/test-database.js';

// Registered at the top level, so it runs after the spec's own afterAll has closed its apps.
afterAll(() => dropTestDatabase());
