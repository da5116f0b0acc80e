/**
 * `sensorctl local --rebuild`: drops the CORE tables and REPORTING views and rewinds the stream, so
 * the next run recreates them from `sql/` and merges every landing row again. That is how to try a
 * change to the transformation, or another sensor identity, without normalizing and loading the
 * raw files again.
 */
import { inTransaction, type PipelineDatabase } from "./database";

export async function rebuildModel(database: PipelineDatabase): Promise<void> {
  const { connection } = database;
  await inTransaction(connection, async () => {
    for (const schema of ["reporting", "core"]) {
      await connection.run(`DROP SCHEMA ${schema} CASCADE`);
      await connection.run(`CREATE SCHEMA ${schema}`);
    }
    await connection.run("DELETE FROM local_state.stream_offsets");
    await connection.run("DELETE FROM local_state.model_settings");
  });
}
