package dev.beneath.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beneath doctor}: reports the kernel, whether {@code openat2} works and which backend
 * {@code auto} picks, the link-protection sysctls, root and {@code CAP_SYS_ADMIN}, the procfs
 * the library uses, and the Java version.
 */
@Command(name = "doctor",
        description = "Report what this machine and process offer the library: kernel, openat2, "
                + "link protections, privileges, procfs, Java.")
final class DoctorCommand extends CommandBase {

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        SystemReport report = SystemReport.gather();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonLines(out).write(report.toJson());
        } else {
            report.toLines().forEach(out::println);
            out.flush();
        }
        return Main.OK;
    }
}
