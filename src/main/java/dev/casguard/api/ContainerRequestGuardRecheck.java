package dev.casguard.api;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

/** Guards HTTP listeners enabled after start-up (the containers' post-deploy file) within five seconds. */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class ContainerRequestGuardRecheck {

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void recheck() {
        ContainerRequestGuard.install();
    }
}
