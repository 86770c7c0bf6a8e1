package dev.casguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * test-ports.properties is the one list of the run's fixed ports: no port under two names (two
 * suites would fight over it), and what pom.xml and bin/test use of it really is in it.
 */
class TestPortsTest {

    @Test
    void noPortAppearsUnderTwoNames() {
        Map<Integer, String> owner = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        TestPorts.all().forEach((name, ports) -> ports.forEach(port -> {
            String earlier = owner.putIfAbsent(port, name);
            if (earlier != null) {
                clashes.add(port + ": " + earlier + " and " + name);
            }
        }));
        assertEquals(List.of(), clashes);
    }

    @Test
    void everyPortIsAnUnprivilegedOne() {
        TestPorts.all().forEach((name, ports) -> ports.forEach(port ->
                assertTrue(port >= 1024 && port <= 65535, name + ": " + port)));
    }

    @Test
    void thePomsAllowListIsBuiltFromTheList() throws Exception {
        Matcher property = Pattern.compile("<test.allowed.hosts>([^<]*)</test.allowed.hosts>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(property.find(), "pom.xml defines test.allowed.hosts");
        Pattern entry = Pattern.compile("127\\.0\\.0\\.1:\\$\\{" + Pattern.quote(TestPorts.PREFIX) + "([^}]+)}");
        List<Integer> allowed = new ArrayList<>();
        for (String host : property.group(1).split(",")) {
            Matcher named = entry.matcher(host.trim());
            // a literal port here would be a second list
            assertTrue(named.matches(), "allow-list entry " + host + " names a port of " + TestPorts.FILE);
            allowed.add(TestPorts.port(named.group(1)));
        }
        assertTrue(!allowed.isEmpty(), "the allow-list holds the providers suites' ports");
        assertEquals(new HashSet<>(allowed).size(), allowed.size(), "no port allow-listed twice: " + allowed);
    }

    @Test
    void everyPortThePomNamesIsInTheList() throws Exception {
        Matcher reference = Pattern.compile("\\$\\{" + Pattern.quote(TestPorts.PREFIX) + "([^}]+)}")
                .matcher(Files.readString(Path.of("pom.xml")));
        while (reference.find()) {
            TestPorts.range(reference.group(1)); // throws for a name the list lacks
        }
    }

    @Test
    void binTestTakesItsPostgresqlPortFromTheList() throws Exception {
        // its sed escapes the dots
        assertTrue(Files.readString(Path.of("bin/test")).replace("\\", "").contains(TestPorts.PREFIX + "postgres="),
                "bin/test reads " + TestPorts.PREFIX + "postgres from " + TestPorts.FILE);
        TestPorts.port("postgres");
    }

    @Test
    void anUnknownNameIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestPorts.port("no.such.port"));
        assertTrue(refused.getMessage().contains("no.such.port"), refused.getMessage());
    }

    @Test
    void aRangeIsEveryPortFromFirstToLastAndItsPortIsTheFirst() {
        List<Integer> hazelcast = TestPorts.range("hazelcast");
        assertTrue(hazelcast.size() > 1, hazelcast.toString());
        assertEquals(hazelcast.get(0), TestPorts.port("hazelcast"));
        for (int i = 1; i < hazelcast.size(); i++) {
            assertEquals(hazelcast.get(i - 1) + 1, hazelcast.get(i));
        }
    }
}
