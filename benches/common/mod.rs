//! What the end-to-end benchmarks share.

/// A fresh database named `prefix_PID` on the PostgreSQL server `PHOIHOP_TEST_POSTGRES` names, if any.
pub async fn postgres_url(prefix: &str) -> Option<String> {
    use sqlx::Connection;
    let server = std::env::var("PHOIHOP_TEST_POSTGRES").ok()?;
    let name = format!("{prefix}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&server).await.ok()?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.ok()?;
    let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
    Some(format!("{base}/{name}"))
}
