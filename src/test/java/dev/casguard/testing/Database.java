package dev.casguard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Direct JDBC to the database under test, for assertions on what was (not) stored. */
public final class Database {

    private Database() {
    }

    public static String url() {
        return System.getenv().getOrDefault("CASGUARD_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + TestPorts.port("postgres") + "/casguard");
    }

    public static Connection connect() throws SQLException {
        return connect(url());
    }

    /** Same credentials, another server (a test's own {@link ThrowawayPostgres}). */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, System.getenv().getOrDefault("CASGUARD_DB_USER", "casguard"),
                System.getenv().getOrDefault("CASGUARD_DB_PASSWORD", "casguard"));
    }

    /** All rows of a query, each row's columns as strings. */
    public static List<List<String>> rows(String sql) {
        return rows(url(), sql);
    }

    public static List<List<String>> rows(String url, String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Soft-deletes every live organization, so that only a suite's own backends are in the checker's scopes. */
    public static void retireEveryOrganization() {
        execute("update organization set deleted_at = clock_timestamp() where deleted_at is null");
    }

    /** Everything in the database as text (pg_dump-like), to search for secrets that must not be there. */
    public static String dumpAsText() {
        StringBuilder dump = new StringBuilder();
        for (List<String> table : rows("select table_name from information_schema.tables where table_schema = 'public'")) {
            for (List<String> row : rows("select t::text from \"" + table.get(0) + "\" t")) {
                dump.append(table.get(0)).append(": ").append(row.get(0)).append('\n');
            }
        }
        return dump.toString();
    }
}
