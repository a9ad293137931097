namespace OrderSaga.Local.Events;

internal enum PatternTokenKind
{
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    FieldName,
    String,
    Number,
    True,
    False,
    Null,
}
