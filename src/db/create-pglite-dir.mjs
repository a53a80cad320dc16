// Creates a PGlite data directory (PGlite's initdb) and exits: run by openDb in a process of its
// own, so that the memory initdb takes (≈ 900 MB at its peak, freed only by a later garbage
// collection) never counts in the server's own. Usage: node create-pglite-dir.mjs DIR
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.argv[2]);
await db.close();
