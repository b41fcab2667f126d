package dev.beneath.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws resolve time against path depth, one line per approach, both axes logarithmic, one panel per root. */
final class Chart {
    private static final String[][] SERIES = {
            {"c.openat2", "C openat2 (floor)"},
            {"resolveOpenat2", "beneath resolve, openat2"},
            {"openOpenat2", "beneath resolve + open"},
            {"c.walk", "C openat walk"},
            {"resolveEmulated", "beneath resolve, emulated"},
            {"naiveJava", "naive Java toRealPath + open"},
            {"secureDirectoryStream", "SecureDirectoryStream walk"},
    };

    private Chart() {
    }

    /** One panel per root layout, side by side: the shallow root, then the kubelet-deep one. */
    static void draw(List<Row> rows, int[] depths, Path png) throws IOException {
        List<XYChart> panels = new ArrayList<>();
        panels.add(panel(rows, depths, "shallow", "Root two levels below / (lower is better)"));
        panels.add(panel(rows, depths, "kubelet", "Root as deep as a kubelet emptyDir volume"));
        BitmapEncoder.saveBitmap(panels, 1, panels.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(List<Row> rows, int[] depths, String root, String title) {
        XYChart chart = new XYChartBuilder().width(1000).height(650)
                .title(title)
                .xAxisTitle("path depth (components)").yAxisTitle("ns per operation").build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(20f));
        styler.setLegendFont(styler.getLegendFont().deriveFont(14f));
        styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(14f));
        styler.setAxisTitleFont(styler.getAxisTitleFont().deriveFont(15f));
        Targets lookup = new Targets(rows);
        for (String[] s : SERIES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int d : depths) {
                // the C reference runs in the shallow root only: the root's own depth costs it nothing
                (s[0].startsWith("c.") ? lookup.score(s[0], "depth", d) : lookup.score(s[0], "depth", d, root))
                        .ifPresent(v -> {
                            x.add((double) d);
                            y.add(v);
                        });
            }
            if (!x.isEmpty()) {
                chart.addSeries(s[1], x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }
}
