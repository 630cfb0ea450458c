/** Real PostgreSQL 17, Kafka and Redis as child processes, for the run command and for every module's tests. */
package bot.volvox.local;
