package cdp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs a Neo4j 5.26 Community DBMS embedded, with only the Bolt connector open, on 127.0.0.1.
 *
 * Why embedded rather than the server distribution: the server tarball is not on Maven Central,
 * while the org.neo4j:neo4j artifact and its dependency tree are, so Maven alone can bring it.
 *
 * Arguments (all optional): --home DIR (data folder, survives restarts), --port N (Bolt),
 * --pagecache-mb N, --tx-log-mb N, --exit-on-stdin-eof (stop when the parent process goes away).
 * Prints exactly one line starting with "NEO4J_READY " once Bolt accepts connections.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    /**
     * How much of an index must change before Neo4j rescans all of it for statistics (default 5).
     * The interaction and change-log indexes take millions of entries: under steady ingest into a
     * graph of 2.3 million interactions, rescanning them whole took a third of Neo4j's CPU (JFR).
     * The write path's statements do not depend on these statistics (they start from unique keys
     * and hinted indexes); reads are planned well from statistics a quarter stale.
     */
    private static final int SAMPLING_UPDATE_PERCENTAGE = 25;

    /**
     * Settings without a public constant. A development database phones nobody home, and stops in
     * about a second instead of waiting out Netty's default quiet periods (two times five seconds).
     */
    private static Path writeExtraConfig(Path home) throws IOException {
        Path conf = home.resolve("conf/neo4j.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, String.join("\n",
                "# Written by scripts/neo4j at every start; edits are overwritten.",
                "dbms.usage_report.enabled=false",
                "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
                "internal.dbms.bolt.netty_server_shutdown_timeout=2s",
                "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
                "internal.server.bolt.connection_shutdown_wait_time=1s",
                ""));
        return conf;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of("data/neo4j");
        int port = 7687;
        long pageCacheMb = 256;
        long txLogMb = 16;
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache-mb" -> pageCacheMb = Long.parseLong(args[++i]);
                case "--tx-log-mb" -> txLogMb = Long.parseLong(args[++i]);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                default -> {
                    System.err.println("LocalNeo4j: unknown argument " + args[i]
                            + "; expected --home, --port, --pagecache-mb, --tx-log-mb, --exit-on-stdin-eof");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(home);
        long started = System.nanoTime();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, txLogMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .setConfig(GraphDatabaseSettings.index_sampling_update_percentage, SAMPLING_UPDATE_PERCENTAGE)
                .loadPropertiesFromFile(writeExtraConfig(home))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("NEO4J_STOPPING");
            dbms.shutdown();
            System.out.println("NEO4J_STOPPED");
            stopped.countDown();
        }, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port + " startup_ms=" + ms
                + " home=" + home.toAbsolutePath());
        System.out.flush();

        if (exitOnStdinEof) {
            // A parent that dies without signalling (SIGKILL, crash) closes our stdin: stop then,
            // so no orphaned database keeps the port and the store lock.
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() != -1) { /* ignore input */ }
                } catch (IOException ignored) {
                    // closed either way
                }
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }
}
