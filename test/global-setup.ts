// Prepared once per `vitest run`: see test/db.ts for how each test file gets its own database.
export default async function setup() {}
