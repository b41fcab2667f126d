package dev.beneath.lab.attack;

/**
 * One strategy at work in one scene: asked over and over for the same path while the attacker
 * exchanges entries under it. Whatever it holds open (a root, a mount target) is released by
 * {@link #close()}.
 */
public interface Victim extends AutoCloseable {
    /**
     * One attempt: resolve (or mount) the scene's path and report the object obtained, which
     * the caller judges, or the error. Any object obtained is released before returning.
     */
    Outcome attempt() throws Exception;

    @Override
    void close() throws Exception;
}
