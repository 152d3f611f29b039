// Apache Lucene 4.10 (Debian's liblucene4.10-java) in the comparison, as the engine half of
// compare_lucene: the C++ harness (harness.h) reads the corpus and the queries, times and
// reports, and drives this process over its stdin and stdout with the requests of
// lucene_engine.cc. Each search is timed here, around the Lucene calls alone, so the pipe's
// round trip is not counted.
//
// Set up as the other peers are: StandardTokenizer, LowerCaseFilter, the same Snowball stop
// words (StopFilter; none with --no-stop-words), SnowballFilter("English"); title and body as
// two values of one text field "text" with positions (so --one-field changes nothing); the id stored, indexed untokenized and as doc values, the hits' ids
// read from the doc values; BM25Similarity(0.9, 0.4) as trawl's; the RAM buffer trawl gets;
// forceMerge(1) as the optimise step. Structured fields as Lucene 4.10's documentation shows:
// an IntField "day" (NumericRangeFilter under a FilteredQuery, NumericRangeQuery alone) with
// NumericDocValues for Sort(day desc, score); the section as a SortedSetDocValuesFacetField
// counted by SortedSetDocValuesFacetCounts from a FacetsCollector in the same pass as the top
// k; deep pages by the top 1,010 (offset) and by IndexSearcher.searchAfter from hit 1,000
// (after; the cursor made on the query's first, untimed, run, as trawl's).
package trawl.compare;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.core.StopFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.CharArraySet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.FilteredQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.NumericRangeFilter;
import org.apache.lucene.search.NumericRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

public final class LuceneEngine {
  // The query classes, numbered as harness.h's QueryClass.
  private static final int TERM = 0, AND = 1, OR = 2, PHRASE = 3, FILTER = 4, SORTED = 5,
      FACET = 6, RANGE = 7, OFFSET = 8, AFTER = 9;

  private final CharArraySet stopWords;
  private Analyzer analyzer;
  private final FacetsConfig facets = new FacetsConfig();
  private final BM25Similarity similarity = new BM25Similarity(0.9f, 0.4f);
  private IndexWriter writer;
  private boolean storeText;
  private DirectoryReader reader;
  private IndexSearcher searcher;
  private QueryParser parser;
  private SortedDocValues ids;
  private DefaultSortedSetDocValuesReaderState sections;
  private final Map<String, ScoreDoc> cursors = new HashMap<>();

  private LuceneEngine(CharArraySet stopWords) { this.stopWords = stopWords; }

  // The analyzer of an index built with or without the stop words.
  private void makeAnalyzer(boolean withStopWords) {
    analyzer = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field, Reader input) {
        Tokenizer source = new StandardTokenizer(Version.LUCENE_4_10_4, input);
        TokenStream stream = new LowerCaseFilter(Version.LUCENE_4_10_4, source);
        if (withStopWords) stream = new StopFilter(Version.LUCENE_4_10_4, stream, stopWords);
        return new TokenStreamComponents(source, new SnowballFilter(stream, "English"));
      }
    };
  }

  // Snowball's English list as trawl ships it: a word at the start of a line, '|' a comment.
  private static CharArraySet readStopWords(String path) throws IOException {
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
      String word = line.split("\\|", 2)[0].trim();
      if (!word.isEmpty()) words.add(word.split("\\s+")[0]);
    }
    return new CharArraySet(Version.LUCENE_4_10_4, words, false);
  }

  private void create(String dir, int ramMb, boolean store, boolean withStopWords)
      throws IOException {
    storeText = store;
    makeAnalyzer(withStopWords);
    IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(ramMb);
    config.setSimilarity(similarity);
    writer = new IndexWriter(FSDirectory.open(new File(dir)), config);
  }

  private void add(String id, String title, String body, String section, int day)
      throws IOException {
    Document document = new Document();
    document.add(new StringField("id", id, Field.Store.YES));
    document.add(new SortedDocValuesField("id", new BytesRef(id)));
    Field.Store store = storeText ? Field.Store.YES : Field.Store.NO;
    document.add(new TextField("text", title, store));
    document.add(new TextField("text", body, store));
    document.add(new IntField("day", day, Field.Store.NO));
    document.add(new NumericDocValuesField("day", day));
    document.add(new SortedSetDocValuesFacetField("section", section));
    writer.addDocument(facets.build(document));
  }

  private void open(String dir, boolean withStopWords) throws IOException {
    makeAnalyzer(withStopWords);
    reader = DirectoryReader.open(FSDirectory.open(new File(dir)));
    searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
    parser = new QueryParser(Version.LUCENE_4_10_4, "text", analyzer);
    ids = MultiDocValues.getSortedValues(reader, "id");
    sections = new DefaultSortedSetDocValuesReaderState(reader);
  }

  private static final class Outcome {
    long nanos;
    long totalHits;
    final List<String> ids = new ArrayList<>();
    final List<LabelAndValue> facets = new ArrayList<>();
  }

  private Query parse(int queryClass, String words) throws Exception {
    parser.setDefaultOperator(queryClass == AND ? QueryParser.Operator.AND
                                                : QueryParser.Operator.OR);
    return parser.parse(queryClass == PHRASE ? "\"" + words + "\"" : words);
  }

  // The hit at rank kDeepOffset of the plain query `words`, for class after.
  private ScoreDoc cursorBeforeDeepPage(String words, int deepOffset) throws Exception {
    ScoreDoc cursor = cursors.get(words);
    if (cursor == null && !cursors.containsKey(words)) {
      ScoreDoc[] top = searcher.search(parse(OR, words), deepOffset).scoreDocs;
      cursor = top.length == deepOffset ? top[deepOffset - 1] : null;
      cursors.put(words, cursor);
    }
    return cursor;
  }

  private Outcome search(int queryClass, String words, int k, int deepOffset, long firstDay,
                         long lastDay) throws Exception {
    Outcome outcome = new Outcome();
    ScoreDoc cursor = queryClass == AFTER ? cursorBeforeDeepPage(words, deepOffset) : null;
    long start = System.nanoTime();
    Query query;
    if (queryClass == RANGE) {
      query = NumericRangeQuery.newIntRange("day", (int) firstDay, (int) lastDay, true, true);
    } else {
      query = parse(queryClass, words);
    }
    if (queryClass == FILTER) {
      query = new FilteredQuery(
          query, NumericRangeFilter.newIntRange("day", (int) firstDay, (int) lastDay, true, true));
    }
    TopDocs top;
    int skip = 0;
    if (queryClass == SORTED) {
      Sort sort = new Sort(new SortField("day", SortField.Type.INT, true), SortField.FIELD_SCORE);
      top = searcher.search(query, null, k, sort, true, false);
    } else if (queryClass == FACET) {
      FacetsCollector collector = new FacetsCollector();
      top = FacetsCollector.search(searcher, query, k, collector);
      FacetResult counts =
          new SortedSetDocValuesFacetCounts(sections, collector).getTopChildren(1000, "section");
      if (counts != null) {
        for (LabelAndValue count : counts.labelValues) outcome.facets.add(count);
      }
    } else if (queryClass == OFFSET || (queryClass == AFTER && cursor == null)) {
      // A query with fewer than 1,000 hits has no hit 1,000 to page after: its deep page is
      // empty either way.
      top = searcher.search(query, deepOffset + k);
      skip = deepOffset;
    } else if (queryClass == AFTER) {
      top = searcher.searchAfter(cursor, query, k);
    } else {
      top = searcher.search(query, k);
    }
    for (int i = skip; i < top.scoreDocs.length; ++i) {
      outcome.ids.add(ids.get(top.scoreDocs[i].doc).utf8ToString());
    }
    outcome.nanos = System.nanoTime() - start;
    outcome.totalHits = top.totalHits;
    return outcome;
  }

  private static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return 0;
  }

  // ---- the protocol: a request is a byte, then its fields; strings are a u32 length and UTF-8
  // bytes, numbers big-endian. Every request but 'A' is answered with a status byte (0: ok, 1:
  // an error message follows) and its results.

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static void main(String[] args) throws Exception {
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
    LuceneEngine engine = new LuceneEngine(readStopWords(args[0]));
    Exception deferred = null;  // an add's failure, reported by the next commit
    while (true) {
      int request;
      try {
        request = in.readUnsignedByte();
      } catch (EOFException e) {
        return;
      }
      if (request == 'A') {
        String id = readString(in), title = readString(in), body = readString(in);
        String section = readString(in);
        int day = (int) in.readLong();
        try {
          if (deferred == null) engine.add(id, title, body, section, day);
        } catch (Exception e) {
          deferred = e;
        }
        continue;
      }
      try {
        switch (request) {
          case 'C': {
            String dir = readString(in);
            int ramMb = in.readInt();
            boolean store = in.readBoolean(), withStopWords = in.readBoolean();
            engine.create(dir, ramMb, store, withStopWords);
            out.writeByte(0);
            break;
          }
          case 'M':
            if (deferred != null) throw deferred;
            engine.writer.commit();
            out.writeByte(0);
            break;
          case 'O':
            engine.writer.forceMerge(1);
            engine.writer.close();
            out.writeByte(0);
            break;
          case 'P':
            engine.open(readString(in), in.readBoolean());
            out.writeByte(0);
            break;
          case 'S': {
            int queryClass = in.readUnsignedByte();
            String words = readString(in);
            int k = in.readInt(), deepOffset = in.readInt();
            long firstDay = in.readLong(), lastDay = in.readLong();
            Outcome outcome = engine.search(queryClass, words, k, deepOffset, firstDay, lastDay);
            out.writeByte(0);
            out.writeLong(outcome.nanos);
            out.writeLong(outcome.totalHits);
            out.writeInt(outcome.ids.size());
            for (String id : outcome.ids) writeString(out, id);
            out.writeInt(outcome.facets.size());
            for (LabelAndValue count : outcome.facets) {
              writeString(out, count.label);
              out.writeLong(count.value.longValue());
            }
            break;
          }
          case 'R':
            out.writeByte(0);
            out.writeLong(peakRssKib());
            break;
          default:
            throw new IllegalArgumentException("unknown request " + request);
        }
      } catch (Exception e) {
        out.writeByte(1);
        writeString(out, e.toString());
      }
      out.flush();
    }
  }
}
