package dev.casguard.testing;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A suite that talks HTTP to the packaged WAR, deployed by Arquillian on a real Payara Micro, the
 * way a client does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class AgainstDeployedWar {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return CasguardDeployment.war();
    }

    @ArquillianResource
    protected URL base;

    protected Api api() {
        return Api.at(base.toString());
    }
}
