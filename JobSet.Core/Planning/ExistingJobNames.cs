using System.Buffers;
using System.Globalization;

namespace JobSet.Core.Planning;

/// <summary>
/// Which of the names the controller gives child Jobs (<c>&lt;jobset&gt;-&lt;replicatedJob&gt;-&lt;index&gt;</c>)
/// the observed children have: one bit per Job index, in an array rented from the shared pool.
/// Replaces a set of N name strings, and the N names built to look them up, by parsing each
/// child's name once: the steady state allocates nothing per Job. A name decomposes in one way
/// only (the index is the digits after the last dash, written as <see cref="Naming.JobName"/> writes it).
/// Names added before <see cref="Bind"/> are kept until then.
/// </summary>
internal sealed class ExistingJobNames : IDisposable
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private Dictionary<string, Slot>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private string? _jobSetName;
    private JobSetLayout? _layout;
    private List<string>? _pending;
    private ulong[]? _bits;
    private string? _lastName;
    private Slot? _last;

    /// <summary>
    /// Says which JobSet the names belong to (its name and ReplicatedJobs); names added before
    /// are parsed now. Binding again does nothing.
    /// </summary>
    public void Bind(string jobSetName, JobSetLayout layout)
    {
        if (_jobSetName is not null)
        {
            return;
        }

        (_jobSetName, _layout) = (jobSetName, layout);
        var pending = _pending;
        _pending = null;
        foreach (var name in pending ?? [])
        {
            Add(name);
        }
    }

    /// <summary>The bitmap, made on the first name of a bound set (none while no child exists).</summary>
    private ulong[] Bits()
    {
        if (_bits is not null)
        {
            return _bits;
        }

        foreach (var rjob in _layout!.ReplicatedJobs)
        {
            // Duplicate ReplicatedJob names (refused by validation) share a slot as they share names.
            if (!_slots.TryGetValue(rjob.Name, out var slot))
            {
                _slots[rjob.Name] = slot = new Slot();
            }

            slot.Capacity = Math.Max(slot.Capacity, rjob.Replicas);
        }

        var total = 0;
        foreach (var slot in _slots.Values)
        {
            slot.Offset = total;
            total += slot.Capacity;
        }

        var words = (total + 63) / 64;
        _bits = ArrayPool<ulong>.Shared.Rent(Math.Max(words, 1));
        Array.Clear(_bits, 0, words);
        _bySpan = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
        return _bits;
    }

    /// <summary>Records a child's name; names the controller would not give are ignored.</summary>
    public void Add(string name)
    {
        if (_jobSetName is null)
        {
            (_pending ??= []).Add(name);
            return;
        }

        var bits = Bits();
        var span = name.AsSpan();
        if (span.Length < _jobSetName.Length + 3 || !span.StartsWith(_jobSetName, StringComparison.Ordinal) || span[_jobSetName.Length] != '-')
        {
            return;
        }

        var rest = span[(_jobSetName.Length + 1)..];
        var dash = rest.LastIndexOf('-');
        if (dash < 0 || !TryParseIndex(rest[(dash + 1)..], out var index))
        {
            return;
        }

        var rjob = rest[..dash];
        Slot? slot;
        if (_lastName is not null && rjob.SequenceEqual(_lastName))
        {
            slot = _last!;
        }
        else if (_bySpan.TryGetValue(rjob, out var key, out slot))
        {
            (_lastName, _last) = (key, slot);
        }
        else
        {
            return;
        }

        if (index < slot.Capacity)
        {
            var bit = slot.Offset + index;
            ref var word = ref bits[bit >> 6];
            var mask = 1UL << (bit & 63);
            if ((word & mask) == 0)
            {
                word |= mask;
                slot.Count++;
            }
        }
    }

    /// <summary>Whether the Job <paramref name="index"/> of the ReplicatedJob exists.</summary>
    public bool Contains(string replicatedJobName, int index) =>
        SlotOf(replicatedJobName) is { } slot && index >= 0 && index < slot.Capacity && _bits is not null
            && (_bits[(slot.Offset + index) >> 6] & (1UL << ((slot.Offset + index) & 63))) != 0;

    /// <summary>Whether Jobs 0 to <paramref name="replicas"/> - 1 of the ReplicatedJob all exist.</summary>
    public bool ContainsAll(string replicatedJobName, int replicas) =>
        SlotOf(replicatedJobName) is { } slot && slot.Capacity == replicas && slot.Count == replicas;

    /// <summary>Returns the bitmap to the pool.</summary>
    public void Dispose()
    {
        if (_bits is not null)
        {
            ArrayPool<ulong>.Shared.Return(_bits);
            _bits = null;
        }
    }

    private Slot? SlotOf(string replicatedJobName)
    {
        if (_bits is null)
        {
            return null;
        }

        if (ReferenceEquals(replicatedJobName, _lastName) || replicatedJobName == _lastName)
        {
            return _last;
        }

        if (!_slots.TryGetValue(replicatedJobName, out var slot))
        {
            return null;
        }

        (_lastName, _last) = (replicatedJobName, slot);
        return slot;
    }

    /// <summary>A Job index as <see cref="Naming.JobName"/> writes it: decimal digits, no sign, no leading zero.</summary>
    private static bool TryParseIndex(ReadOnlySpan<char> text, out int index)
    {
        index = 0;
        return text.Length > 0 && (text[0] != '0' || text.Length == 1)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>One ReplicatedJob name's range of bits and how many are set.</summary>
    private sealed class Slot
    {
        public int Offset { get; set; }

        public int Capacity { get; set; }

        public int Count { get; set; }
    }
}
