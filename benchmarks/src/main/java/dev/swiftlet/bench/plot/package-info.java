/**
 * PNG figures drawn from the tables of {@code benchmarks/RESULTS.md} (JFreeChart), and the "Plots" section that
 * embeds them. The benchmarks write their tables; this package only reads them, so a figure always shows numbers
 * that stand in the document with the command that measured them. Run by {@code benchmarks/plots.sh}.
 */
package dev.swiftlet.bench.plot;
