namespace OrderSaga.Local.Events;

/// <summary>An error as AWS answers it: the error code (e.g. <c>ValidationException</c>), its message and HTTP status.</summary>
public sealed record AwsError(string Code, string Message, int HttpStatus = 400);
