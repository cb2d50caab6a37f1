namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// A request the store refuses, carrying what a Kubernetes <c>Status</c> body carries:
/// the HTTP code and the reason (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Gone,
/// BadRequest, MethodNotAllowed, UnsupportedMediaType).
/// </summary>
internal sealed class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(int code, string reason, string message, StoreErrorDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>Creates an exception with no code (500 InternalError).</summary>
    public StoreException()
        : this(500, "InternalError", "internal error")
    {
    }

    /// <summary>Creates an exception with no code (500 InternalError).</summary>
    public StoreException(string message)
        : this(500, "InternalError", message)
    {
    }

    /// <summary>Creates an exception with no code (500 InternalError).</summary>
    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The Kubernetes Status reason.</summary>
    public string Reason { get; }

    /// <summary>The Status details (name, group, kind, causes), when known.</summary>
    public StoreErrorDetails? Details { get; }

    /// <summary>404 NotFound: <c>pods "x" not found</c>.</summary>
    public static StoreException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", new(name, type.Group, type.Plural));

    /// <summary>409 AlreadyExists.</summary>
    public static StoreException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", new(name, type.Group, type.Plural));

    /// <summary>409 Conflict for a stale resourceVersion.</summary>
    public static StoreException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", new(name, type.Group, type.Plural));

    /// <summary>422 Invalid with field causes: <c>Kind.group "name" is invalid: path: message, ...</c>.</summary>
    public static StoreException Invalid(ResourceType type, string name, IReadOnlyList<StoreCause> causes)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(causes);
        var kind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var list = string.Join(", ", causes.Select(c => c.Field.Length == 0 ? c.Message : $"{c.Field}: {c.Message}"));
        var text = causes.Count == 1 ? list : $"[{list}]";
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {text}", new(name, type.Group, type.Kind) { Causes = causes });
    }

    /// <summary>400 BadRequest.</summary>
    public static StoreException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>410 Gone (an expired watch or continue resourceVersion).</summary>
    public static StoreException Gone(string message) => new(410, "Expired", message);

    /// <summary>403 Forbidden.</summary>
    public static StoreException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {why}", new(name, type.Group, type.Plural));

    /// <summary>405 MethodNotAllowed.</summary>
    public static StoreException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);
}

/// <summary>The <c>details</c> of a Status body.</summary>
/// <param name="Name">The object name.</param>
/// <param name="Group">The API group.</param>
/// <param name="Kind">The kind or resource.</param>
internal sealed record StoreErrorDetails(string Name, string Group, string Kind)
{
    /// <summary>The field causes (for Invalid).</summary>
    public IReadOnlyList<StoreCause> Causes { get; init; } = [];
}

/// <summary>One cause of an Invalid status.</summary>
/// <param name="Field">The field path.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Reason">The cause type (FieldValueInvalid, FieldValueRequired, ...).</param>
internal sealed record StoreCause(string Field, string Message, string Reason = "FieldValueInvalid");
