package dev.casguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Payara version is pinned once, in pom.xml: the scripts read it from there
 * (scripts/war-and-payara.sh), and the one file that cannot, docker-compose.yml's image tag, must
 * name the same version.
 */
class PayaraVersionPinTest {

    @Test
    void composeRunsThePomsPayara() throws Exception {
        Matcher pinned = Pattern.compile("<payara.version>([^<]+)</payara.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(pinned.find(), "pom.xml pins payara.version");
        Matcher image = Pattern.compile("image: payara/micro:([0-9.]+)-jdk").matcher(Files.readString(Path.of("docker-compose.yml")));
        assertTrue(image.find(), "docker-compose.yml runs payara/micro");
        assertEquals(pinned.group(1), image.group(1));
    }
}
