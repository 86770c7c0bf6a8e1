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
 * (scripts/war-and-payara.sh, the Payara stand-in image), and the one file that cannot, the
 * Dockerfile's base image tag, must name the default line's version.
 */
class PayaraVersionPinTest {

    @Test
    void theImageIsBuiltOnThePomsPayara() throws Exception {
        Matcher pinned = Pattern.compile("<payara.version>([^<]+)</payara.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(pinned.find(), "pom.xml pins payara.version");
        Matcher image = Pattern.compile("ARG PAYARA_MICRO_IMAGE=payara/micro:([0-9.]+)-jdk").matcher(Files.readString(Path.of("Dockerfile")));
        assertTrue(image.find(), "the Dockerfile builds on payara/micro");
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
