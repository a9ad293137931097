namespace OrderSaga.Local.Events;

/// <summary>One token of a pattern, in document order; <see cref="Text"/> is the unescaped string, the field name or the number as written.</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text);
