// Language detection on texts whose language is known (written for this test), short texts by
// their script or the default, and input no detector should see (ill-formed bytes, nothing).
#include "trawl/analysis/language_detector.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using Source = trawl::DetectedLanguage::Source;

}  // namespace

TEST_CASE("Language detection: paragraphs of news in several languages", "[analysis]") {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"en",
       "The talks in Geneva ended late on Friday without an agreement, and the delegations "
       "said they would meet again next month to discuss the remaining questions."},
      {"ru",
       "Переговоры в Женеве завершились поздно вечером в пятницу без соглашения, и "
       "делегации заявили, что встретятся снова в следующем месяце."},
      {"de",
       "Die Gespräche in Genf endeten am Freitag spät am Abend ohne eine Einigung, und die "
       "Delegationen sagten, sie würden sich im nächsten Monat wieder treffen."},
      {"fr",
       "Les pourparlers de Genève se sont terminés tard vendredi soir sans accord, et les "
       "délégations ont déclaré qu'elles se réuniraient à nouveau le mois prochain."},
      {"es",
       "Las conversaciones en Ginebra terminaron tarde el viernes sin un acuerdo, y las "
       "delegaciones dijeron que volverían a reunirse el próximo mes."},
      {"uk",
       "Переговори в Женеві завершилися пізно ввечері в п'ятницю без угоди, і делегації "
       "заявили, що зустрінуться знову наступного місяця."},
      {"el",
       "Οι συνομιλίες στη Γενεύη ολοκληρώθηκαν αργά την Παρασκευή χωρίς συμφωνία και οι "
       "αντιπροσωπείες δήλωσαν ότι θα συναντηθούν ξανά τον επόμενο μήνα."},
      {"ja",
       "ジュネーブでの会談は金曜日の夜遅くに合意のないまま終わり、代表団は来月再び会って"
       "残りの問題を話し合うと述べた。"},
      {"zh",
       "日内瓦会谈于星期五深夜结束，没有达成协议，各代表团表示将于下个月再次会面，讨论剩余"
       "的问题。"},
  };
  for (const auto& [code, text] : texts) {
    CAPTURE(code, text);
    const trawl::DetectedLanguage detected = trawl::detect_language(text);
    CHECK(detected.code == code);
    CHECK(detected.source == Source::kDetector);
  }
}

TEST_CASE("Language detection: short texts go by their script, else the default", "[analysis]") {
  // Too few letters for the detector.
  CHECK(trawl::detect_language("Москва").code == "ru");
  CHECK(trawl::detect_language("Москва").source == Source::kScript);
  CHECK(trawl::detect_language("Γενεύη").code == "el");
  CHECK(trawl::detect_language("東京で会う").code == "ja");  // Han with kana
  CHECK(trawl::detect_language("北京").code == "zh");
  CHECK(trawl::detect_language("서울").code == "ko");
  const trawl::DetectedLanguage latin = trawl::detect_language("Moskva talks");
  CHECK(latin.code == "en");
  CHECK(latin.source == Source::kDefault);
  trawl::LanguageDetectionOptions options;
  options.default_language = "de";
  CHECK(trawl::detect_language("Genf", options).code == "de");
  CHECK(trawl::detect_language("", options).code == "de");
  CHECK(trawl::detect_language("12345 !!! 🌱", options).code == "de");
  // More letters of another script than Latin: that script.
  CHECK(trawl::detect_language("NATO и Москва").code == "ru");
  // A threshold of 0 gives even a short text to the detector (which may not decide it).
  options.min_letters = 0;
  CHECK_FALSE(trawl::detect_language("Москва", options).code.empty());
}

TEST_CASE("Language detection: ill-formed and long input", "[analysis]") {
  // Invalid bytes are read as U+FFFD around the text, which is still recognised.
  std::string text =
      "Die Gespräche in Genf endeten am Freitag spät am Abend ohne eine Einigung, und die "
      "Delegationen sagten, sie würden sich im nächsten Monat wieder treffen.";
  text.insert(10, "\xFF\xC3");
  text += "\xE2\x82";
  CHECK(trawl::detect_language(text).code == "de");
  // Only the first 64 KiB are read: a long German text with Russian after it is German.
  std::string long_text;
  while (long_text.size() < 80 * 1024) long_text += text + " ";
  long_text += std::string(200, ' ') + "Переговоры в Женеве завершились поздно вечером.";
  CHECK(trawl::detect_language(long_text).code == "de");
}
