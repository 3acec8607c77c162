package br.lncc.llm.bench.rarity;

/** A size band of the selection (seed 002: ~8B = 7–20B, ~70B = 32–70B parameters). */
public record SizeCategory(String label, double minB, double maxB) {
    public static final SizeCategory SMALL = new SizeCategory("~8B", 7, 20);
    public static final SizeCategory LARGE = new SizeCategory("~70B", 32, 70);

    public boolean contains(ModelSpec m) {
        return m.sizeB() >= minB && m.sizeB() <= maxB;
    }
}
