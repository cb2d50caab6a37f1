using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The durable copy of a store in a SQLite database (<c>objects.db</c> in the data directory):
/// one row per object with its JSON, and the store's resourceVersion. Written in write-ahead-log
/// mode with <c>synchronous=FULL</c>: each store write is one transaction committed before the
/// client is answered, so every acknowledged write survives a crash or <c>kill -9</c>.
/// </summary>
internal sealed class SqliteJournal : IDisposable
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "objects.db";

    private readonly SqliteConnection connection;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand setVersion;
    private readonly List<(ObjectKey Key, byte[]? Body)> pending = [];

    public SqliteJournal(string directory)
    {
        try
        {
            Path = System.IO.Path.Combine(directory, FileName);
            connection = Open(directory, Path);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot open the data directory {directory}: {ex.Message.ReplaceLineEndings(" ")}", nameof(directory), ex);
        }

        upsert = Command("INSERT INTO objects (grp, plural, ns, name, body) VALUES ($g, $p, $n, $m, $b) ON CONFLICT (grp, plural, ns, name) DO UPDATE SET body = excluded.body;", "$g", "$p", "$n", "$m", "$b");
        delete = Command("DELETE FROM objects WHERE grp = $g AND plural = $p AND ns = $n AND name = $m;", "$g", "$p", "$n", "$m");
        setVersion = Command("INSERT INTO meta (k, v) VALUES ('resourceVersion', $v) ON CONFLICT (k) DO UPDATE SET v = excluded.v;", "$v");
    }

    private static SqliteConnection Open(string directory, string path)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // The objects may hold Secrets: the directory is the owner's alone.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS objects (grp TEXT NOT NULL, plural TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (grp, plural, ns, name)) WITHOUT ROWID;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The resourceVersion last committed (0 for a new database).</summary>
    public long ResourceVersion()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM meta WHERE k = 'resourceVersion';";
        return command.ExecuteScalar() is long v ? v : 0;
    }

    /// <summary>Every stored object: custom resource definitions first, so custom kinds resolve.</summary>
    public IEnumerable<(string Group, string Plural, JsonObject Object)> ReadAll()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grp, plural, body FROM objects ORDER BY (grp = 'apiextensions.k8s.io' AND plural = 'customresourcedefinitions') DESC, grp, plural, ns, name;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var body = (byte[])reader.GetValue(2);
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                yield return (reader.GetString(0), reader.GetString(1), obj);
            }
        }
    }

    /// <summary>Records an object's new state for the next commit.</summary>
    public void Put(ObjectKey key, byte[] body) => pending.Add((key, body));

    /// <summary>Records an object's removal for the next commit.</summary>
    public void Remove(ObjectKey key) => pending.Add((key, null));

    /// <summary>Writes what was recorded since the last commit, and the resourceVersion, as one durable transaction.</summary>
    public void Commit(long resourceVersion)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            CommitPending(resourceVersion);
        }
        finally
        {
            pending.Clear();
        }
    }

    private void CommitPending(long resourceVersion)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var (key, body) in pending)
        {
            var command = body is null ? delete : upsert;
            command.Transaction = transaction;
            command.Parameters[0].Value = key.Type.Group;
            command.Parameters[1].Value = key.Type.Plural;
            command.Parameters[2].Value = key.Namespace;
            command.Parameters[3].Value = key.Name;
            if (body is not null)
            {
                command.Parameters[4].Value = body;
            }

            command.ExecuteNonQuery();
        }

        setVersion.Transaction = transaction;
        setVersion.Parameters[0].Value = resourceVersion;
        setVersion.ExecuteNonQuery();
        transaction.Commit();
    }

    public void Dispose()
    {
        upsert.Dispose();
        delete.Dispose();
        setVersion.Dispose();
        connection.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }
}
