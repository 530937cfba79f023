namespace E2eeConformance.Vectors;

/// <summary>A vector file lacks a field or has one of the wrong shape (reported as a failed case, naming the field).</summary>
public sealed class VectorFormatException(string message) : Exception(message);
