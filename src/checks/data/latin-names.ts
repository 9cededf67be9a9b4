/**
 * Training text for the "does this look like a Latin mailbox name" scorer (latin-reading.ts): Latin
 * spellings of common Ukrainian and Russian given names and surnames, as they appear in mailbox
 * names (the official KMU 2010 passport forms and the popular older spellings side by side), plus
 * common words of mailbox names. Our own list, written from general knowledge of the names; only
 * letter pairs are learnt from it, so it need not be complete, only typical.
 */
export const LATIN_NAME_TEXT = `
olena olga olha oksana anna hanna ganna iryna irina natalia nataliia natalya natasha tetiana tatiana
tanya svitlana svetlana yulia yuliia julia kateryna katerina ekaterina katya mariia maria mariya marina
maryna viktoriia viktoria victoria valentyna valentina halyna galina liudmyla lyudmila ludmila nadiia nadia
nadezhda larysa larisa lesia lesya ivanna khrystyna kristina khristina sofiia sofia sophia alina alona
alena daria dariia dasha diana inna ilona lilia liliia zoia zoya vira vera lidiia lida nina raisa lyubov
liubov roksolana solomiia solomiya yana yaroslava vladyslava anastasiia anastasia nastya polina uliana
ulyana veronika kira alla zhanna emilia mila milana eva valeriia valeria karina taisiia ksenia kseniia
taras petro petr pavlo pavel ivan oleksandr aleksandr alexander alexandr sasha oleksii aleksei alexey
andrii andriy andrey andrew serhii sergii sergey sergiy dmytro dmitry dmitriy volodymyr vladimir mykola
nikolay nikolai mykhailo mikhail michael yurii yuriy yuri vasyl vasiliy vitalii vitaliy viktor victor
bohdan bogdan roman ihor igor oleh oleg stepan maksym maxim max denys denis artem artur anton yevhen
evgeniy eugene yaroslav vadym vadim ruslan rostyslav rostislav volodia vova kostiantyn konstantin
hryhorii grigoriy leonid vasyl markiian mark nazar danylo danilo daniil matvii timofii tymofii kyrylo
kirill illia ilya yehor egor zakhar fedir fedor semen borys boris hlib gleb arsenii arseniy vsevolod
shevchenko kovalenko bondarenko tkachenko kravchenko kovalchuk koval boiko boyko oliinyk oleynik
shevchuk polishchuk lysenko marchenko rudenko savchenko petrenko moroz melnyk melnik tkachuk kravchuk
ponomarenko pavlenko kozak kuzmenko havrylenko gavrilenko ivanov ivanova petrov petrova sidorov
kuznetsov smirnov popov sokolov lebedev volkov morozov novikov fedorov pavlov semenov zaitsev pavliuk
hrytsenko grytsenko klymenko klimenko mazur vovk karpenko kharchenko romaniuk levchenko zinchenko
yakovenko vlasenko sydorenko sidorenko ostapenko kostenko nazarenko tarasenko stepanenko dmytrenko
panchenko yurchenko shapoval honcharenko goncharenko humeniuk kolesnyk kolesnik zhuk bilyk bilous
lytvyn litvin lytvynenko melnychuk demchenko fedorenko kushnir kushnyr prykhodko prikhodko shulha
hordiienko gordienko osadchyi chornyi chorna bila kryvenko babenko denysenko sergiienko yatsenko
zhukov tymoshenko chernenko holub golub sokolenko voloshyn voloshin hnatiuk danyliuk vasylenko
school shkola info mail office admin teacher student kids class lyceum gymnasium academy studio center
love best super star sun happy angel princess lady baby kitty cat dog lion tiger wolf fox bear
mama papa family home world life music dance art design photo sport football travel english math
kyiv kiev lviv odesa odessa kharkiv dnipro ukraine ukr ua work job shop market online web net group
hello smile dream magic queen king golden silver blue green red black white pink
eduard edward edgar daniel david richard robert george thomas james john peter paul mary susan laura
sarah emma sophie lucas louis julian adrian oscar hugo leon felix rudolf arnold gustav albert rafael
edita eleonora dominika veronica monika renata regina lukas jakub tomasz katarzyna agnieszka duda
duarte luana ruslana ludvig guzel mustafa dzhamal aida eduardo guadalupe manuel samuel emmanuel
prokopenko yeremenko ostrovska duchenko kuchma hudyma dubyna dudnyk budnyk zadorozhnyi semenko
hlushko hladkyi hlynska hlib hnat hrynko tsymbal tsybulskyi chaikovska chub shuliak zhuravel khomenko kuzyk hutsul mudryk rusyn uliura
`;
