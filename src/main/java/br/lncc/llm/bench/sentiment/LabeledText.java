package br.lncc.llm.bench.sentiment;

/** One review: its id in the source, the text, and the label word ("positivo" or "negativo"). */
public record LabeledText(String id, String text, String label) {}
