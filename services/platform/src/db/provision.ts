import { Client } from 'pg';
import { EVENTLOG_DDL } from '../eventlog/eventlog-ddl';

export interface ServiceDatabaseSpec {
  /** Service name, e.g. "membership". */
  name: string;
  /** The schema it owns. */
  schema: string;
  /** The schema its job queue owns. */
  jobSchema: string;
}

export interface ProvisionOptions {
  /** A superuser (or CREATEROLE + database owner) connection. */
  adminUrl: string;
  /** The database to create (if missing) and provision. */
  database: string;
  services: ServiceDatabaseSpec[];
  /** Password every service role gets. */
  servicePassword: string;
}

export function serviceRole(service: string): string {
  return `praxis_${service}`;
}

/** Replaces user, password and database of a connection string. */
export function withCredentials(url: string, user: string, password: string, database?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
};
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Creates the database unless it exists. */
async function ensureDatabase(admin: Client, database: string): Promise<void> {
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${ident(database)}`);
}

/** Creates the login role, or sets its password again when it exists: a service role, never a superuser. */
async function ensureRole(admin: Client, role: string, password: string): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  await admin.query(`${verb} ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(password)}`);
}

/**
 * Prepares a database for Praxis: one login role per service, owning its own schema and its
 * job-queue schema and nothing else, plus the shared event log. Idempotent, so start-up runs it
 * every time against a development cluster; production runs it once per environment.
 */
export async function provisionDatabase(options: ProvisionOptions): Promise<void> {
  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['praxis:provision']);
    await ensureDatabase(admin, options.database);
    for (const service of options.services) await ensureRole(admin, serviceRole(service.name), options.servicePassword);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['praxis:provision']);
  } finally {
    await admin.end();
  }

  const db = new Client({ connectionString: withCredentials(options.adminUrl, decodeURIComponent(new URL(options.adminUrl).username), decodeURIComponent(new URL(options.adminUrl).password), options.database) });
  await db.connect();
  try {
    await db.query('SELECT pg_advisory_lock(hashtext($1))', ['praxis:provision-db']);
    // Extensions live in public, where every role may use them but none may create objects.
    await db.query('CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public');
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await db.query(`REVOKE ALL ON DATABASE ${ident(options.database)} FROM PUBLIC`);
    await db.query(EVENTLOG_DDL);
    for (const service of options.services) {
      const role = ident(serviceRole(service.name));
      await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(options.database)} TO ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(service.schema)} AUTHORIZATION ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(service.jobSchema)} AUTHORIZATION ${role}`);
      await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      // Set on the role, not per database, so databases cloned from a template inherit it.
      await db.query(`ALTER ROLE ${role} SET search_path = ${ident(service.schema)}, public`);
      // The event log is the bus between services: each may append its own events and read all.
      await db.query(`GRANT USAGE ON SCHEMA eventlog TO ${role}`);
      await db.query(`GRANT SELECT, INSERT ON eventlog.events TO ${role}`);
    }
    await db.query('SELECT pg_advisory_unlock(hashtext($1))', ['praxis:provision-db']);
  } finally {
    await db.end();
  }
}

export interface SeparateDatabasesOptions {
  /** A superuser (or CREATEROLE + CREATEDB) connection. */
  adminUrl: string;
  services: ServiceDatabaseSpec[];
  servicePassword: string;
  /** Each service's own database. */
  databaseOf(service: string): string;
  /** The database of the shared event log, which every service role may connect to. */
  eventlogDatabase: string;
  /** Also a role and database for the gateways' shared rate limits, with its own schema. */
  gateway?: { role: string; database: string };
}

/**
 * Prepares a database per service, as a deployment that splits them would: each service's role
 * may connect to its own database and the event log's only, so a cross-service query fails at
 * connect time. Idempotent like provisionDatabase.
 */
export async function provisionSeparateDatabases(options: SeparateDatabasesOptions): Promise<void> {
  const adminUser = decodeURIComponent(new URL(options.adminUrl).username);
  const adminPassword = decodeURIComponent(new URL(options.adminUrl).password);
  const connect = async (database: string) => {
    const client = new Client({ connectionString: withCredentials(options.adminUrl, adminUser, adminPassword, database) });
    await client.connect();
    return client;
  };
  const roles = options.services.map((service) => serviceRole(service.name));
  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['praxis:provision']);
    const databases = [...options.services.map((service) => options.databaseOf(service.name)), options.eventlogDatabase, ...(options.gateway ? [options.gateway.database] : [])];
    for (const database of databases) await ensureDatabase(admin, database);
    for (const role of [...roles, ...(options.gateway ? [options.gateway.role] : [])]) await ensureRole(admin, role, options.servicePassword);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['praxis:provision']);
  } finally {
    await admin.end();
  }

  const eventlog = await connect(options.eventlogDatabase);
  try {
    await eventlog.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await eventlog.query(`REVOKE ALL ON DATABASE ${ident(options.eventlogDatabase)} FROM PUBLIC`);
    await eventlog.query(EVENTLOG_DDL);
    for (const role of roles.map(ident)) {
      await eventlog.query(`GRANT CONNECT ON DATABASE ${ident(options.eventlogDatabase)} TO ${role}`);
      await eventlog.query(`GRANT USAGE ON SCHEMA eventlog TO ${role}`);
      await eventlog.query(`GRANT SELECT, INSERT ON eventlog.events TO ${role}`);
    }
  } finally {
    await eventlog.end();
  }

  for (const service of options.services) {
    const database = options.databaseOf(service.name);
    const role = ident(serviceRole(service.name));
    const db = await connect(database);
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public');
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
      await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      await db.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
      await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(service.schema)} AUTHORIZATION ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(service.jobSchema)} AUTHORIZATION ${role}`);
      await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await db.query(`ALTER ROLE ${role} SET search_path = ${ident(service.schema)}, public`);
    } finally {
      await db.end();
    }
  }

  if (options.gateway) {
    const role = ident(options.gateway.role);
    const db = await connect(options.gateway.database);
    try {
      await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      await db.query(`REVOKE ALL ON DATABASE ${ident(options.gateway.database)} FROM PUBLIC`);
      await db.query(`GRANT CONNECT ON DATABASE ${ident(options.gateway.database)} TO ${role}`);
      // The rate-limit store creates its table on first use, in the role's own schema.
      await db.query(`CREATE SCHEMA IF NOT EXISTS gateway AUTHORIZATION ${role}`);
      await db.query(`ALTER ROLE ${role} SET search_path = gateway`);
    } finally {
      await db.end();
    }
  }
}
