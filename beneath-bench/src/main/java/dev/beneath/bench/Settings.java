package dev.beneath.bench;

import java.nio.file.Path;

/**
 * The suite's command line.
 *
 * @param quick    minutes instead of the full run
 * @param out      where the report goes
 * @param cSource  the C reference's source
 * @param jvm      the java binary forked benchmark JVMs run on, or null for this one
 * @param subPath  whether to run the subPath group (needs root and a private mount namespace)
 * @param resolveOnly only the C reference, the system-call counts and the resolve group
 */
record Settings(boolean quick, Path out, Path cSource, String jvm, boolean subPath, boolean resolveOnly) {

    static Settings parse(String[] args) {
        boolean quick = true;
        Path out = Path.of("docs/bench");
        Path cSource = Path.of("beneath-bench/src/main/c/pathwalk.c");
        String jvm = null;
        boolean subPath = true;
        boolean resolveOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--c-source" -> cSource = Path.of(args[++i]);
                case "--jvm" -> jvm = args[++i];
                case "--no-subpath" -> subPath = false;
                case "--resolve-only" -> resolveOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --quick|--full --out DIR --c-source FILE [--jvm JAVA] [--no-subpath] [--resolve-only]");
            }
        }
        return new Settings(quick, out, cSource, jvm, subPath, resolveOnly);
    }
}
