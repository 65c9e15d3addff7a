// Drives `evw serve` through the PostgreSQL JDBC driver (the path Metabase, Tableau and DBeaver use):
// DatabaseMetaData.getTables/getColumns and a prepared statement run past prepareThreshold.
// Compiled and run by tests/test_serve_clients.py; args: JDBC URL, user, password.
import java.sql.*;
import java.util.*;

public class ServeProbe {
    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", a[1]);
        p.setProperty("password", a[2]);
        try (Connection c = DriverManager.getConnection(a[0], p)) {
            DatabaseMetaData md = c.getMetaData();
            System.out.println("product=" + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion());
            try (ResultSet rs = md.getTables(null, "main", "%", new String[]{"TABLE", "VIEW"})) {
                while (rs.next()) {
                    System.out.println("table=" + rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                }
            }
            try (ResultSet rs = md.getColumns(null, "main", "type_zoo", "%")) {
                while (rs.next()) {
                    System.out.println("column=" + rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE")
                                       + ":" + rs.getString("TYPE_NAME"));
                }
            }
            c.setAutoCommit(false);  // a fetch size only streams inside a transaction: Execute with a row limit
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery("SELECT range FROM range(5000)")) {
                    long n = 0, sum = 0;
                    while (rs.next()) { n++; sum += rs.getLong(1); }
                    System.out.println("fetched=" + n + ":" + sum);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            String sql = "SELECT count(*), max(day) FROM events WHERE actor1_code = ? AND quad_class >= ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int k = 0; k < 6; k++) {  // past prepareThreshold: server-side prepared + binary transfer
                    ps.setString(1, "RUS");
                    ps.setInt(2, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        System.out.println("prepared=" + rs.getLong(1) + ":" + rs.getDate(2));
                    }
                }
            }
            // PostgreSQL semantics: a set-returning function in the select list, an unconstrained numeric
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT generate_series(1,3), 12345678901234567890.123::numeric")) {
                long n = 0;
                java.math.BigDecimal num = null;
                while (rs.next()) { n++; num = rs.getBigDecimal(2); }
                System.out.println("series=" + n + ":" + num.toPlainString() + ":"
                                   + rs.getMetaData().getColumnTypeName(2));
            }
        }
    }
}
