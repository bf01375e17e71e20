/** What a task id Portico published stands for. */
export interface TaskRef {
  /** The federated server running the task. */
  server: string;
  /** The tenant that created it: the only one that may use the id. */
  tenant: string;
  /** The server's own task id. */
  id: string;
}

/** Task ids Portico publishes: self-contained and signed, so any replica can route and check one. */
export interface TaskIds {
  issue(ref: TaskRef): string;
  /** The task a published id stands for; undefined when it is altered, malformed or foreign. */
  read(published: string): TaskRef | undefined;
}
