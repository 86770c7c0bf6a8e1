package dev.casguard.webhooks;

import dev.casguard.platform.CasguardDatabase;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Whether organizations are being told: attempts by what they came to, and how long the oldest
 * pending delivery has waited anywhere in the cluster (a worker that stopped, or receivers that
 * are down, make it grow).
 */
@ApplicationScoped
public class WebhookMetrics {

    static final List<String> OUTCOMES = List.of(Delivery.DELIVERED, "retrying", Delivery.FAILED);

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    /** At deployment, not at the first attempt: the families are there from the first scrape. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        // every outcome from zero: a rate over a counter that appears at its first increment misses it
        OUTCOMES.forEach(outcome -> counter(outcome));
        metrics.gauge(Metadata.builder().withName("casguard.webhook.oldest.pending")
                        .withDescription("Age of the oldest pending webhook delivery in the cluster, seconds; 0 when "
                                + "none is pending, NaN when the database does not answer")
                        .withUnit(MetricUnits.SECONDS).build(),
                this, WebhookMetrics::oldestPendingSeconds);
    }

    void attempted(String outcome) {
        counter(outcome).inc();
    }

    private Counter counter(String outcome) {
        return metrics.counter(Metadata.builder().withName("casguard.webhook.deliveries")
                        .withDescription("Webhook delivery attempts made on this instance, by outcome: delivered (2xx), "
                                + "retrying (failed, tried again later), failed (the last attempt failed)").build(),
                new Tag("outcome", outcome));
    }

    private double oldestPendingSeconds() {
        try (Connection connection = dataSource.getConnection();
                Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery("select coalesce(extract(epoch from clock_timestamp() - min(created_at)),"
                        + " 0) from webhook_delivery where status = 'pending'")) {
            return rs.next() ? rs.getDouble(1) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
