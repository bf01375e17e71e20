import type { Generated } from 'kysely';

/** Kysely table types shared by the SQL implementations. */
export interface Database {
  catalog_revisions: {
    id: Generated<number>;
    loaded_at: string;
    config_file: string;
    config_hash: string;
    tool_count: number;
  };
  settings: {
    key: string;
    value: string;
    updated_at: string;
  };
}
