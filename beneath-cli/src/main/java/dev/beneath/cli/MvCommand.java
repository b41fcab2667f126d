package dev.beneath.cli;

import dev.beneath.RenameOption;
import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beneath mv}: renames inside a root with one {@code renameat2}. */
@Command(name = "mv",
        description = {
            "Rename FROM to TO, both inside the root DIR, in one step.",
            "",
            "A symlink as either final component is renamed or replaced itself, never followed. "
                    + "An existing TO is replaced unless --no-replace (then EEXIST); --exchange swaps FROM "
                    + "and TO atomically (both must exist). Prints nothing; --json prints "
                    + "{\"ok\":true,\"path\":FROM,\"to\":TO}.",
            ""})
final class MvCommand extends RootCommand {
    /** At most one of the two ways to treat an existing target. */
    static final class Mode {
        @Option(names = "--no-replace", description = "Fail with EEXIST when TO exists.")
        boolean noReplace;

        @Option(names = "--exchange", description = "Swap FROM and TO atomically.")
        boolean exchange;
    }

    @ArgGroup(exclusive = true)
    Mode mode;

    @Parameters(index = "0", paramLabel = "FROM", description = "What to rename, inside the root.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "Its new name, inside the root.")
    String to;

    @Override
    String subject() {
        return from;
    }

    @Override
    void perform(Root root, Reply reply) throws IOException {
        RenameOption[] options = mode == null ? new RenameOption[0]
                : mode.exchange ? new RenameOption[] {RenameOption.EXCHANGE}
                : new RenameOption[] {RenameOption.NO_REPLACE};
        root.rename(from, to, options);
        reply.put("path", from).put("to", to);
    }
}
