package dev.casguard.checker;

/**
 * Every PostgreSQL advisory lock casguard takes, in one place. The two-int form
 * {@code pg_try_advisory_lock(namespace, id)} cannot collide by hashing and reads plainly in
 * {@code pg_locks} (classid = namespace, objid = id, objsubid = 2).
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>namespace</th><th>id</th><th>held by</th></tr>
 * <tr><td>72657</td><td>1</td><td>the tick of scope {@code defaults}</td></tr>
 * <tr><td>72657</td><td>2</td><td>the tick of scope {@code all}</td></tr>
 * </table>
 * Flyway's own migration lock uses the single-bigint form and cannot meet these.
 */
public record AdvisoryLockKey(int namespace, int id) {

    /** "casguard checker", as a number an operator can grep for in pg_locks. */
    public static final int CHECKER_NAMESPACE = 72657;

    public static final AdvisoryLockKey DEFAULTS_SCOPE = new AdvisoryLockKey(CHECKER_NAMESPACE, 1);
    public static final AdvisoryLockKey ALL_SCOPE = new AdvisoryLockKey(CHECKER_NAMESPACE, 2);
}
