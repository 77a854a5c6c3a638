// The scenarios of `npm run bench`, in the order they run and appear in the table. The bench runs
// those whose method and path are in the built service's route inventory and skips the others with
// a line saying so: without the sample modules (`npm run samples:remove`), the core ones remain.
//
//   id        the table's `#`; the ratios divide by 1 (public) and 8 (bare), the targets use 1-5,
//             8 and 9
//   token     the account whose bearer token is sent: `none`, `user` (role user), `forged` (the
//             user's claims, wrong signature), `expired` (the user's claims an hour past their
//             expiry, right signature), `admin`, or one that a sample's data step adds
//   path      `:id` takes, request after request, the ids the token's account owns
//   expect    the only status accepted: any other stops the bench or counts as a failure
//   postgres  also run on the DATABASE_URL service, as `<id>pg`
//   sample    the sample module it drives; its data is set up first (sample-data.mjs)
//   server    a reference server instead of the service (never looked up in the inventory):
//             `bare` Fastify, or `minimal` / `express`, the Nest apps of reference-app.mjs; their
//             tokens are the PGlite service's (one signing key)
export const SCENARIOS = [
  {
    id: '1',
    name: 'public: GET /health/live',
    method: 'GET',
    path: '/health/live',
    token: 'none',
    expect: 200,
  },
  {
    id: '1b',
    name: 'public + DB read: GET /products',
    method: 'GET',
    path: '/products',
    token: 'none',
    expect: 200,
    sample: 'admin-products',
  },
  {
    id: '2',
    name: 'guarded 200: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'user',
    expect: 200,
    postgres: true,
  },
  {
    id: '3',
    name: '401 no token: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'none',
    expect: 401,
  },
  {
    id: '4',
    name: '401 bad signature: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'forged',
    expect: 401,
  },
  {
    id: '4b',
    name: '401 expired: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'expired',
    expect: 401,
  },
  {
    id: '5',
    name: '403 missing role: GET /admin/users',
    method: 'GET',
    path: '/admin/users',
    token: 'user',
    expect: 403,
  },
  {
    id: '6',
    name: 'DB read: GET /finance/dashboard',
    method: 'GET',
    path: '/finance/dashboard',
    token: 'user',
    expect: 200,
    postgres: true,
    sample: 'finance-dashboard',
  },
  {
    id: '7',
    name: 'DB write: POST /finance/budgets/:id/transactions',
    method: 'POST',
    path: '/finance/budgets/:id/transactions',
    body: { amountCents: 125, description: 'Bench coffee' },
    token: 'writer',
    expect: 201,
    postgres: true,
    sample: 'finance-dashboard',
  },
  {
    id: '8',
    name: 'bare Fastify: GET /health/live',
    method: 'GET',
    path: '/health/live',
    token: 'none',
    expect: 200,
    server: 'bare',
  },
  {
    id: '9',
    name: 'minimal Nest + Fastify + passport-jwt: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'user',
    expect: 200,
    server: 'minimal',
  },
  {
    id: '10',
    name: 'docs-style Nest + Express + passport-jwt: GET /auth/me',
    method: 'GET',
    path: '/auth/me',
    token: 'user',
    expect: 200,
    server: 'express',
  },
  {
    id: '11',
    name: 'minimal Nest + Fastify, public: GET /health/live',
    method: 'GET',
    path: '/health/live',
    token: 'none',
    expect: 200,
    server: 'minimal',
  },
];
