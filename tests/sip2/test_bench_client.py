"""The client benchmark's phases still run and agree on what they do (no timing asserted).

Every phase checks each answer itself (a refused checkout raises), so running them once on a
small collection proves the bare loop, the hand-written floor, the codec and the client all
send checkouts the simulator accepts, in both placements' code paths."""

from __future__ import annotations

from bench import bench_client


def test_every_phase_of_the_client_benchmark_checks_out_every_item() -> None:
    _coll, work = bench_client._collection(20)
    times = bench_client._measure(20, 3, work, "thread")
    assert set(times) == {"bare", "floor", "codec", "client"}
    assert all(len(t) == 3 and min(t) > 0 for t in times.values())


def test_the_floor_sends_the_bytes_the_codec_sends() -> None:
    """The floor formats its checkouts by hand; they must be the codec's bytes, or the ratio
    would compare different messages."""
    _coll, work = bench_client._collection(3)
    sim = bench_client._Sim(3, "thread")
    try:
        sent: list[bytes] = []
        real = bench_client.socket.socket.sendall

        def spy(self: object, data: bytes, *args: object) -> None:
            sent.append(bytes(data))
            real(self, data, *args)  # type: ignore[arg-type]

        bench_client.socket.socket.sendall = spy  # type: ignore[method-assign]
        try:
            bench_client._once(bench_client._Floor, sim, work)
        finally:
            bench_client.socket.socket.sendall = real  # type: ignore[method-assign]
    finally:
        sim.close()
    # the simulator runs in this process here: its answers (12) pass the spy too
    assert [d for d in sent if d.startswith(b"11")] == bench_client._requests(work)


def test_the_instruction_counters_worker_runs_every_loop_against_a_simulator() -> None:
    """bench.instructions runs each loop in a worker under valgrind; without valgrind the
    worker must still do the loop's checkouts (each loop raises on a refused one), and the
    set-up-only run must check nothing out."""
    from bench import instructions

    sim = bench_client._Sim(6, "thread")
    try:
        host, port = sim.address
        assert sim._sim is not None
        for loop in instructions.LOOPS:
            sim.fresh()
            instructions._worker(loop, host, port, 6)
            with sim._sim.locked() as coll:
                assert len(coll.loans) == 6, loop
        sim.fresh()
        instructions._worker("none", host, port, 6)
        with sim._sim.locked() as coll:
            assert not coll.loans
    finally:
        sim.close()
