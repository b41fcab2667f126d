package dev.beneath.bench;

import java.util.Map;

/**
 * One measured figure: a JMH benchmark method, or a C reference mode ({@code c.openat2},
 * {@code c.walk}), with its parameters.
 *
 * @param name            the benchmark method, or {@code c.<mode>}
 * @param params          JMH parameters, such as {@code depth} or {@code mounts}
 * @param score           the primary score, in {@code unit}
 * @param error           the 99.9% confidence half-width, NaN where not known
 * @param unit            as JMH prints it: {@code ns/op}, {@code ops/s}, ...
 * @param allocBytesPerOp heap bytes allocated per operation ({@code -prof gc}), NaN if not measured
 */
public record Row(String name, Map<String, String> params, double score, double error, String unit,
                  double allocBytesPerOp) {

    /** The integer parameter {@code key}, or -1 when absent. */
    public int intParam(String key) {
        String v = params.get(key);
        return v == null ? -1 : Integer.parseInt(v);
    }
}
