//! E-mail to a local SMTP peer is not held by Nagle's algorithm (issue 17): parcours opens its
//! SMTP connections with `TCP_NODELAY`, so a message no longer waits about 40 ms for the peer's
//! delayed acknowledgement before its final `.` leaves. Prints messages per second through
//! lettre's own transport (Nagle on) and through parcours's, one lane and four
//! (`--nocapture`; the figures in `BENCHMARKS.md`). Fails when even the fastest of 40 messages
//! takes 20 ms (with the stall, every one takes about 40).

use std::time::{Duration, Instant};

use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use parcours::mail::{Mailer, Outgoing};

use crate::smtp::SmtpPeer;

const MESSAGES: u32 = 40;
const LANES: u32 = 4;

fn message() -> Outgoing {
    Outgoing {
        to: "lea@example.org".to_owned(),
        to_name: "Léa Martin".to_owned(),
        subject: "Convocation".to_owned(),
        text: "Bonjour,\n".repeat(300),
        html: "<p>Bonjour,</p>".repeat(300),
        attachments: vec![(
            "attestation.pdf".to_owned(),
            "application/pdf".to_owned(),
            vec![7; 30_000],
        )],
    }
}

/// Messages per second over `lanes` concurrent senders of `MESSAGES / lanes` each.
async fn rate(mailer: &Mailer, lanes: u32) -> f64 {
    let start = Instant::now();
    let tasks: Vec<_> = (0..lanes)
        .map(|_| {
            let mailer = mailer.clone();
            tokio::spawn(async move {
                for _ in 0..MESSAGES / lanes {
                    mailer.send(&message()).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    f64::from(MESSAGES) / start.elapsed().as_secs_f64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn messages_to_a_local_peer_are_not_held_by_delayed_acknowledgements() {
    let peer = SmtpPeer::start();
    let dir = tempfile::tempdir().unwrap();
    let from = "parcours <ne-pas-repondre@parcours.localhost>";
    let mailer = Mailer::new(Some(&peer.url), from, dir.path()).unwrap();
    // lettre's transport as parcours used it before, for the record.
    let lettre: AsyncSmtpTransport<Tokio1Executor> =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&peer.url)
            .unwrap()
            .build();
    let email = || {
        lettre::Message::builder()
            .from(from.parse().unwrap())
            .to("lea@example.org".parse().unwrap())
            .subject("Convocation")
            .body("Bonjour,\n".repeat(300))
            .unwrap()
    };
    lettre.send(email()).await.unwrap();
    let start = Instant::now();
    for _ in 0..MESSAGES / 4 {
        lettre.send(email()).await.unwrap();
    }
    let lettre_rate = f64::from(MESSAGES / 4) / start.elapsed().as_secs_f64();

    mailer.send(&message()).await.unwrap(); // opens the first connection
    // Nagle's stall holds every message ~40 ms; a loaded machine slows some, never all.
    let mut fastest = Duration::MAX;
    for _ in 0..MESSAGES {
        let start = Instant::now();
        mailer.send(&message()).await.unwrap();
        fastest = fastest.min(start.elapsed());
    }
    let one = rate(&mailer, 1).await;
    let four = rate(&mailer, LANES).await;
    eprintln!(
        "SMTP to a local peer: lettre's transport {lettre_rate:.0} msg/s (one lane); \
         parcours {one:.0} msg/s (one lane), {four:.0} msg/s ({LANES} lanes), fastest {fastest:?}"
    );
    assert!(
        fastest < Duration::from_millis(20),
        "{fastest:?} for the fastest of {MESSAGES} messages: held by Nagle's algorithm again?"
    );
    let expected = 1 + MESSAGES / 4 + 1 + 3 * MESSAGES;
    assert_eq!(peer.messages().len(), usize::try_from(expected).unwrap());
}

/// The whole worker path: `ADVISORS` enrolments in one cohort queue as many convocations
/// (each e-mail with its invitation), which `PARCOURS_WORKER_CONCURRENCY`'s default of four lanes
/// drain to the peer: jobs claimed, e-mails written and sent, each recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_worker_drains_convocations_to_a_local_peer_with_four_lanes() {
    const ADVISORS: usize = 60;
    let peer = SmtpPeer::start();
    let app = crate::support::TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    let cohort = crate::support::cohort(&app, &staff, 2, "2026-03-02", "2026-05-29", 100).await;
    for n in 0..ADVISORS {
        crate::support::enrolled_advisor(&app, &staff, cohort, &format!("a{n}@example.org")).await;
    }
    let start = Instant::now();
    let ran = parcours::worker::drain_with(&app.state, usize::try_from(LANES).unwrap())
        .await
        .unwrap();
    let elapsed = start.elapsed();
    let sent = peer.messages().len();
    eprintln!(
        "worker, {LANES} lanes: {ran} jobs, {sent} e-mails in {:.2} s: {:.0} e-mails/s",
        elapsed.as_secs_f64(),
        f64::from(u32::try_from(sent).unwrap()) / elapsed.as_secs_f64()
    );
    assert!(sent >= ADVISORS, "{sent} e-mails for {ADVISORS} enrolments");
}
