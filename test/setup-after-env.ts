import { takeOpenApiMismatches } from './support/openapi-conformance.js';
import { dropTestDatabase } from './support/test-database.js';

// A response the OpenAPI document does not describe fails the test that received it; one sent
// outside any test (a beforeAll, say) fails the file's last hook below.
const failOnMismatches = () => {
  const found = takeOpenApiMismatches();
  if (found.length > 0) {
    throw new Error(`Responses the OpenAPI document does not describe:\n${found.join('\n')}`);
  }
};
afterEach(failOnMismatches);

// Registered at the top level, so it runs after the spec's own afterAll has closed its apps.
afterAll(async () => {
  await dropTestDatabase();
  failOnMismatches();
});
