package dev.beneath.cli;

import dev.beneath.PathError;
import dev.beneath.SafetyCheckException;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * A command of the node agent's subPath mechanism ({@code subpath ...}, {@code pod ...}): runs
 * the subclass's {@link #perform} with a {@link SubPathMounter} and answers as every command
 * does ({@link CommandBase}). A failure's message is meant for the pod's owner (names from the
 * pod spec, never a host path); its errno is the one
 * behind the refusal ({@code EXDEV} for a subPath leading out of its volume), {@code EINVAL}
 * for a spec refused as written.
 */
abstract class AgentCommand extends CommandBase {
    @Mixin
    AnswerOptions answer;

    /** Does the work and describes its outcome in {@code reply}. */
    abstract void perform(SubPathMounter mounter, Reply reply) throws IOException;

    /** What the command is about, as given: the {@code path} of a failure. */
    abstract String subject();

    @Override
    final boolean json() {
        return answer.json;
    }

    @Override
    public final Integer call() {
        return answer(reply -> perform(new SubPathMounter(answer.backend), reply), this::describe);
    }

    /** A refusal of the mechanism or of the manifest, worded for the pod's owner; anything else as the library says. */
    private Failure describe(IOException e) {
        return e instanceof SubPathException || e instanceof SafetyCheckException || e instanceof PodManifest.Invalid
                ? new Failure(subject(), errnoBehind(e), e.getMessage())
                : Failure.of(subject(), e);
    }

    /** The errno behind the refusal, else EINVAL (refused as written). */
    private static String errnoBehind(IOException e) {
        if (e instanceof PathError pe) {
            return pe.errno().name();
        }
        if (e instanceof SubPathException se) {
            return se.errno().map(Enum::name).orElse("EINVAL");
        }
        return "EINVAL";
    }
}
