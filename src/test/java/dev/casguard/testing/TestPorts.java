package dev.casguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The fixed loopback ports of the test run, from the one list, test-ports.properties
 * ({@code test.port.NAME=PORT} or {@code =FIRST-LAST}). pom.xml builds the failsafe allow-list
 * (test.allowed.hosts) and bin/test its PostgreSQL port from the same file, so a port moved there
 * moves everywhere.
 */
public final class TestPorts {

    public static final String FILE = "test-ports.properties";
    static final String PREFIX = "test.port.";

    private static final Map<String, List<Integer>> PORTS = load();

    private TestPorts() {
    }

    /** The named port, or the first of a named range. */
    public static int port(String name) {
        return range(name).get(0);
    }

    /** Every port of a named range, in order; a single port is a range of one. */
    public static List<Integer> range(String name) {
        List<Integer> ports = PORTS.get(name);
        if (ports == null) {
            throw new IllegalArgumentException("no test port '" + name + "' in " + FILE);
        }
        return ports;
    }

    /** Every name with its ports, for TestPortsTest. */
    static Map<String, List<Integer>> all() {
        return PORTS;
    }

    private static Map<String, List<Integer>> load() {
        Properties file = new Properties();
        try (InputStream in = TestPorts.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the test class path");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Integer>> ports = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                throw new IllegalStateException(FILE + ": " + key + " is not a " + PREFIX + "NAME");
            }
            ports.put(key.substring(PREFIX.length()), parse(key, file.getProperty(key).trim()));
        }
        return Collections.unmodifiableMap(ports); // sorted by name, for readable failures
    }

    private static List<Integer> parse(String key, String value) {
        try {
            int dash = value.indexOf('-');
            if (dash < 0) {
                return List.of(Integer.parseInt(value));
            }
            int first = Integer.parseInt(value.substring(0, dash).trim());
            int last = Integer.parseInt(value.substring(dash + 1).trim());
            if (last < first) {
                throw new IllegalStateException(FILE + ": " + key + " runs backwards: " + value);
            }
            return IntStream.rangeClosed(first, last).boxed().toList();
        } catch (NumberFormatException e) {
            throw new IllegalStateException(FILE + ": " + key + " is neither PORT nor FIRST-LAST: " + value, e);
        }
    }
}
