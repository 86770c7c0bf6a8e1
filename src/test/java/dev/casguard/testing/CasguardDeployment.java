package dev.casguard.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR under test is the one Maven just packaged, not a hand-picked subset of classes. */
public final class CasguardDeployment {

    private CasguardDeployment() {
    }

    public static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "casguard.war")
                .importFrom(new File("target/casguard.war"))
                .as(WebArchive.class);
    }
}
