namespace OrderSaga.Local.Templates;

/// <summary>The template cannot be deployed locally; <see cref="Errors"/> lists every problem found, not just the first.</summary>
internal sealed class TemplateException : Exception
{
    public TemplateException(string source, IReadOnlyList<TemplateError> errors)
        : base(FormatMessage(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    public IReadOnlyList<TemplateError> Errors { get; }

    private static string FormatMessage(string source, IReadOnlyList<TemplateError> errors) =>
        $"{source}: {errors.Count} error(s) in the template:{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
