package br.lncc.llm.session;

/** A loaded model that can say how much memory its weights take, for the "memory in use" line. */
public interface SizedModel {
    /** Bytes held by the weights (parameters × bytes per parameter in their format), -1 if unknown. */
    long estimatedBytes();
}
