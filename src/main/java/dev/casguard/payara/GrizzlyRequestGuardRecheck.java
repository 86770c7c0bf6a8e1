package dev.casguard.payara;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

/**
 * Guards HTTP listeners enabled after start-up (the containers' post-deploy file opens the port
 * only once the WAR is deployed) within five seconds; Payara announces no such event to a WAR.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class GrizzlyRequestGuardRecheck {

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void recheck() {
        GrizzlyRequestGuard.recheck();
    }
}
