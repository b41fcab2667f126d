package dev.beneath.lab.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One race: attacker threads exchange the scene's entries in a tight loop while one victim
 * makes attempts until its rounds are done or its time is up. The victim starts once an
 * attacker has made an exchange (a counter, not a sleep, orders the start); the attackers are
 * stopped and joined before the result is returned.
 */
final class Duel {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    /** The prefix of the error label of an exception a victim threw instead of answering. */
    static final String UNEXPECTED = "unexpected ";

    private Duel() {
    }

    /**
     * Runs {@code victim} in {@code scene} against {@code attackers} threads, counting into
     * {@code tally}, for at most {@code rounds} attempts and until {@code deadline}
     * ({@link System#nanoTime()} based).
     */
    static void run(Scene scene, Victim victim, int attackers, long rounds, long deadline, Tally tally)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong exchanges = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < attackers; i++) {
                threads.add(Thread.ofPlatform().daemon().name("attacker-" + i)
                        .start(() -> attack(scene.exchange(), stop, exchanges, failure)));
            }
            while (exchanges.get() == 0 && failure.get() == null && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            for (long i = 0; i < rounds && failure.get() == null && System.nanoTime() - deadline < 0; i++) {
                tally.count(attempt(victim), scene.census());
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                if (!t.join(JOIN_TIMEOUT)) {
                    throw new IllegalStateException("an attacker thread did not stop");
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the attacker failed: " + failure.get(), failure.get());
        }
        tally.exchanges(exchanges.get());
    }

    /** An attempt; an exception no strategy should throw is counted, named after its class. */
    private static Outcome attempt(Victim victim) {
        try {
            return victim.attempt();
        } catch (Exception e) {
            return Outcome.failed(UNEXPECTED + e.getClass().getSimpleName());
        }
    }

    private static void attack(Exchange exchange, AtomicBoolean stop, AtomicLong exchanges,
                               AtomicReference<Throwable> failure) {
        try (Exchange.Armed armed = exchange.arm()) {
            while (!stop.get()) {
                armed.step();
                exchanges.incrementAndGet();
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
