package dev.casguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Payara versions are pinned once, in pom.xml: the scripts read them from there
 * (scripts/war-and-payara.sh), and the one file that cannot, docker-compose.yml's image tag, must
 * name the default line's version.
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

    @Test
    void theSecondLineIsPayaraMicro7() throws Exception {
        // -Ppayara7 and CASGUARD_PAYARA_LINE=7 (scripts/war-and-payara.sh) read this pin
        Matcher pinned = Pattern.compile("<payara7.version>([^<]+)</payara7.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(pinned.find(), "pom.xml pins payara7.version");
        assertTrue(pinned.group(1).startsWith("7."), pinned.group(1));
    }
}
